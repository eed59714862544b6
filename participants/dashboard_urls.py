from django.urls import path

from .views.dashboard import DashboardView

app_name = "dashboard"

urlpatterns = [path("", DashboardView.as_view(), name="home")]
