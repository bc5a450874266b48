"""Django validators for the bounds of documents/limits.py, used by the models of every app."""
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

from documents.limits import MAX_INTEGER, MAX_TEXT


def integer_validators(minimum: int = 0) -> list:
    return [
        MinValueValidator(minimum, message=f"请填写不小于 {minimum} 的整数"),
        MaxValueValidator(MAX_INTEGER, message=f"数字过大：不能超过 {MAX_INTEGER}"),
    ]


def text_validators() -> list:
    return [MaxLengthValidator(MAX_TEXT, message=f"文字过长：最多 {MAX_TEXT} 个字（一个 Excel 单元格的上限），现有 %(show_value)d 个字")]
