"""assistant/demo"""
