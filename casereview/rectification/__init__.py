"""Rectification (整改) pure logic: state machine, notice numbers, deadlines, taxonomies.

Nothing here touches the database: the services in casereview/services/deficiencies.py
and notices.py use these rules inside their transactions.
"""
