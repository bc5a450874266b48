from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from documents.rules import RULES, SEVERITY_LABELS, rules_by_group


@login_required
def rules_page(request: HttpRequest) -> HttpResponse:
    """Every review rule with its code, severity, reason and an example of what it catches."""
    groups = [(group, rules) for group, rules in rules_by_group() if rules]
    return render(
        request,
        "indicators/rules.html",
        {"groups": groups, "rule_count": len(RULES), "severity_labels": SEVERITY_LABELS},
    )
