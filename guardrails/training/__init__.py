"""Training of the guardrails' learned component: corpus assembly and a numpy logistic regression.

Run ``make train-guardrails`` (``python -m guardrails.training``); the weights land in
``guardrails/model_data/bias_model.npz`` and are loaded lazily, offline, by ``guardrails.learned``.
"""
