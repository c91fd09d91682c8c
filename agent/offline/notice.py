"""Who the offline demo model is, and how to switch to a real one."""

from __future__ import annotations

OFFLINE_MODEL_NAME = "shopagent-offline-demo"

OFFLINE_NOTICE = (
    "This is shopagent's offline demo, a rule-based stand-in that understands common shopping "
    "requests, not an AI model; to use a real model, set SHOPAGENT_MODEL to a configured endpoint "
    "such as deepseek, qwen or openai and its API key (e.g. DEEPSEEK_API_KEY), or see the model "
    "table in the README."
)

OFFLINE_NOTICE_ZH = (
    "这是 shopagent 的离线演示：一个基于规则、能听懂常见购物请求的替身，不是 AI 模型；"
    "要使用真正的模型，请把 SHOPAGENT_MODEL 设为已配置的端点（如 deepseek、qwen 或 openai）"
    "并设置它的 API 密钥（如 DEEPSEEK_API_KEY），或参阅 README 中的模型表。"
)


def offline_notice(language: str) -> str:
    """The notice in the customer's language ("zh" or anything else for English)."""
    return OFFLINE_NOTICE_ZH if language == "zh" else OFFLINE_NOTICE
