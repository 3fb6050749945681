from django.dispatch import Signal

# sender=Post; post=…, recipients=[users subscribed, not the author]
reply_posted = Signal()
# sender=Report; report=…, moderators=[…]
post_reported = Signal()
