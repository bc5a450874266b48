from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import GoalTable


@login_required
def home(request):
    tables = GoalTable.objects.for_user(request.user).select_related("fiscal_year", "unit")
    return render(request, "projects/home.html", {"tables": tables})
