from django.shortcuts import render

from danvan.territory.selectors import provinces_current


def home(request):
    return render(request, "portal/home.html", {"province_count": provinces_current().count()})
