"""The offline demo model: a rule-based stand-in for an LLM, served through the real `openai` SDK.

With no API key configured the agent talks to this instead of a provider. It understands
common English and Chinese shopping requests, calls the same tools a real model would, and
answers in the OpenAI chat-completions wire format (plain or streamed). It is labelled as a
rule-based demo wherever it introduces itself.

    client = openai.OpenAI(api_key="offline-demo", base_url="http://offline.shopagent/v1",
                           http_client=httpx2.Client(transport=OfflineTransport()))
"""

from agent.offline.notice import (
    OFFLINE_MODEL_NAME,
    OFFLINE_NOTICE,
    OFFLINE_NOTICE_ZH,
    offline_notice,
)
from agent.offline.transport import OfflineTransport

__all__ = [
    "OFFLINE_MODEL_NAME",
    "OFFLINE_NOTICE",
    "OFFLINE_NOTICE_ZH",
    "OfflineTransport",
    "offline_notice",
]
