"""The stages after approval: mid-year monitoring (运行监控) and the year-end self-evaluation (绩效自评)."""
