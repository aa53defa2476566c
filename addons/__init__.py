"""Rasa-server-side extensions: custom channels, privacy redaction and NLU components."""
