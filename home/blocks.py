"""The blocks of the public site's pages.

Every block is a documented ``StructBlock`` with its own template, and every page body uses the
one ``BaseStreamBlock`` so that the communications officer meets the same choices everywhere.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as WagtailTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtailcharts.blocks import ChartBlock as WagtailChartBlock

CHART_TYPES = (
    ("bar", _("Vertical bars")),
    ("bar_horizontal", _("Horizontal bars")),
    ("line", _("Line")),
    ("pie", _("Pie")),
    ("doughnut", _("Doughnut")),
)

CHART_COLORS = (
    ("#0d5c63", _("Teal")),
    ("#c2410c", _("Orange")),
    ("#1d4ed8", _("Blue")),
    ("#7c3aed", _("Purple")),
    ("#4a4a4a", _("Grey")),
    ("#b91c1c", _("Red")),
)


class HeadingBlock(blocks.StructBlock):
    """A section title, level 2 or 3, so that the page outline stays correct."""

    text = blocks.CharBlock(label=_("heading"), max_length=160)
    level = blocks.ChoiceBlock(label=_("level"), choices=[("h2", _("Section")), ("h3", _("Sub-section"))], default="h2")

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "home/blocks/heading.html"
        description = _("A section title.")


class ParagraphBlock(blocks.StructBlock):
    """Formatted text: paragraphs, lists, links and bold."""

    text = blocks.RichTextBlock(
        label=_("text"), features=["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
    )

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "home/blocks/paragraph.html"
        description = _("Paragraphs of formatted text.")


class ImageBlock(blocks.StructBlock):
    """An image with its caption and credit; the alternative text comes from the image."""

    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=120)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "home/blocks/image.html"
        description = _("An image with a caption and a credit.")


class QuoteBlock(blocks.StructBlock):
    """A quotation and who said it."""

    quote = blocks.TextBlock(label=_("quotation"))
    author = blocks.CharBlock(label=_("author"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "home/blocks/quote.html"
        description = _("A quotation with its author.")


class DocumentLinksBlock(blocks.StructBlock):
    """A list of documents to download, each shown with its type and size."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=160)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("document")), label=_("documents"))

    class Meta:
        icon = "doc-full"
        label = _("Documents")
        template = "home/blocks/documents.html"
        description = _("Documents to download.")


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation with one button, to a page of the site or another address."""

    title = blocks.CharBlock(label=_("title"), max_length=160)
    text = blocks.TextBlock(label=_("text"), required=False)
    button_label = blocks.CharBlock(label=_("button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("page of the site"), required=False)
    url = blocks.URLBlock(label=_("or another address"), required=False)

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "home/blocks/call_to_action.html"
        description = _("A highlighted box with a button.")

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        return value


class TableBlock(blocks.StructBlock):
    """A table of figures or facts, with its caption read by screen readers."""

    caption = blocks.CharBlock(label=_("caption"), max_length=200)
    table = WagtailTableBlock(label=_("table"))

    class Meta:
        icon = "table"
        label = _("Table")
        template = "home/blocks/table.html"
        description = _("A table with a caption.")


class ChartBlock(blocks.StructBlock):
    """A chart drawn by Chart.js (wagtailcharts), with a text summary for those who cannot see it."""

    chart = WagtailChartBlock(label=_("chart"), chart_types=CHART_TYPES, colors=CHART_COLORS)
    summary = blocks.TextBlock(
        label=_("text summary"), help_text=_("What the chart shows, in one or two sentences."), required=False
    )
    source = blocks.CharBlock(label=_("source"), required=False, max_length=200)

    class Meta:
        icon = "table"
        label = _("Chart")
        template = "home/blocks/chart.html"
        description = _("A chart with a text summary.")


class PlaceEmbedBlock(blocks.StructBlock):
    """A card for a place of the directory: its name, commune and a link to its page."""

    place = blocks.PageChooserBlock(label=_("place"), page_type="directory.PlacePage")

    class Meta:
        icon = "site"
        label = _("Place of the directory")
        template = "home/blocks/place.html"
        description = _("A card for a public digital space of the directory.")


class BaseStreamBlock(blocks.StreamBlock):
    """The body of every content page."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    documents = DocumentLinksBlock()
    call_to_action = CallToActionBlock()
    table = TableBlock()
    chart = ChartBlock()
    place = PlaceEmbedBlock()

    class Meta:
        block_counts = {}


class PartnerBlock(blocks.StructBlock):
    """A partner of the network: its logo, its name (the logo's alternative text) and its site."""

    name = blocks.CharBlock(label=_("name"), max_length=120)
    logo = ImageChooserBlock(label=_("logo"))
    url = blocks.URLBlock(label=_("website"), required=False)

    class Meta:
        icon = "group"
        label = _("Partner")
        template = "home/blocks/partner.html"
        description = _("A partner's logo in the footer and on the home page.")
