"""Accounts: roles and what they may do, password hashing and policy, the acting account."""
