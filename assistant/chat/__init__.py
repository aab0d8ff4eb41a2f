"""Chat: the conversation engine behind ``coach chat``, the web chat and the OpenAI-compatible API."""
