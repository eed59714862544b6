"""The text-message addresses, under /inscription/ beside the personal link: the provider's
STOP notices and the personal page's stop and resume buttons. Keep these paths: the
provider is configured with the first, and sent texts carry the personal link."""

from django.urls import path

# Registers the <token:…> converter of the personal links.
from participants.urls import TokenConverter  # noqa: F401

from .views import TextMessagesView, TextStopWebhookView

app_name = "messaging"

urlpatterns = [
    path("sms/stop/<str:secret>/", TextStopWebhookView.as_view(), name="text_stop_webhook"),
    path("<token:token>/sms/arreter/", TextMessagesView.as_view(), name="text_messages_stop"),
    path(
        "<token:token>/sms/reprendre/",
        TextMessagesView.as_view(stop=False),
        name="text_messages_resume",
    ),
]
