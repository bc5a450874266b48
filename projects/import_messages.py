"""What an import says about a table it may not change (under review or approved), on every import path."""
from .models import GoalTable


def locked_label(status: str) -> str:
    return "已审核" if status == GoalTable.Status.APPROVED else "审核中"


def way_forward(status: str) -> str:
    """How a table under review or approved can take a file's contents: through the review, never by an import."""
    if status == GoalTable.Status.APPROVED:
        return (
            "这张表已审核通过，导入不会修改它。如需按文件修改，请管理员在该表页面“重新打开”并写明原因"
            "（原因记入审核记录），再重新导入。"
        )
    return "这张表已提交、正在审核，导入不会修改它。如需按文件修改，请审核人先“退回修改”，再重新导入。"
