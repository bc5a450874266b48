"""Which indicator scheme a new fiscal year gets by default."""


def default_scheme_code(year: int) -> str:
    # The Ministry of Finance scheme of 2021 (财预〔2021〕101号) governs budgets from 2022 on.
    return "mof2021" if year >= 2022 else "legacy"
