"""assistant/core"""
