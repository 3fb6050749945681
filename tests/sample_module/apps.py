from django.apps import AppConfig


class SampleModuleConfig(AppConfig):
    name = "tests.sample_module"
    label = "sample_module"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.notify import NotificationKind
        from core.search import SearchKind
        from workspace.spaces.modules import Module, Widget, register

        register(
            Module(
                slug="essai",
                label="Essai",
                segment="essai",
                urls="tests.sample_module.urls",
                root_segment="essais",
                root_urls="tests.sample_module.urls_root",
                kinds=frozenset({"group"}),
                default_enabled=False,
                grants={"group": {"contribute": "moderate"}},
                widgets=(
                    Widget(
                        slug="essai",
                        title="Essai",
                        template="sample_module/widget.html",
                        load=lambda request, space, count: {"greeting": f"Bonjour {space.name}"},
                        kinds=frozenset({"group"}),
                        module="essai",
                    ),
                ),
                search_kinds=(SearchKind("essai", "Essais", order=99),),
                notification_kinds=(NotificationKind("essai", "Essai"),),
                socket="tests.sample_module.consumers.EchoSocket",
            )
        )
