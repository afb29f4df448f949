"""Outgoing documents in the official formats: Decree 30/2020/NĐ-CP (state bodies) and the Party's
format (HD 05-HD/VPTW, 2026), with per-organisation numbering. Knows no domain: cases, meetings and
reporting describe a document; this app lays it out and numbers it. Imports organizations, core."""
