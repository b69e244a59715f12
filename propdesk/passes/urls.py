app_name = "passes"
urlpatterns = []
