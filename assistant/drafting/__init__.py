"""assistant/drafting"""
