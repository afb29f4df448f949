"""Citizen feedback cases: phản ánh, kiến nghị, khiếu nại, tố cáo — intake, legal clocks, workflow,
denouncer secrecy, citizen tracking. The heart of Danvan.

Imports notifications, accounts, organizations, territory, core. Never imports the domain apps above it
(meetings, fieldwork…), which open cases through ``cases.services``.
"""
