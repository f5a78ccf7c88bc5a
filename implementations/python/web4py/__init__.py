"""web4py"""
