"""Who the offline demo model is, and how to switch to a real one."""

from __future__ import annotations

from agent.texts import AGENT_TEXTS, translate

OFFLINE_MODEL_NAME = "shopagent-offline-demo"

OFFLINE_NOTICE = translate(AGENT_TEXTS, "en", "offline_notice")
OFFLINE_NOTICE_ZH = translate(AGENT_TEXTS, "zh", "offline_notice")


def offline_notice(language: str) -> str:
    """The notice in the customer's language ("zh" or anything else for English)."""
    return translate(AGENT_TEXTS, language, "offline_notice")
