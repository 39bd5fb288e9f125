"""Loading case files in the desktop app: the registry import wizard, the document import
dialog, and the document-list actions of the review workspace (type correction, split)."""
