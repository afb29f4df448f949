from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from danvan.organizations.models import Organization
from danvan.workspace import selectors


@login_required
def home(request):
    return render(request, "workspace/home.html", {"desk": selectors.desk_for(request.user)})


@login_required
def organization_detail(request, pk: int):
    try:
        organization = selectors.organization_for(request.user, pk)
    except Organization.DoesNotExist:
        raise Http404 from None
    return render(request, "workspace/organization_detail.html", {"organization": organization})
