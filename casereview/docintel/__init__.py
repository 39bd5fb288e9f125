"""Reading the case file itself, offline (Qt-free).

- ``pages``: what one reading of a page is (lines with boxes and confidence);
- ``text_layer``: the text of PDF pages that carry one (pypdfium2);
- ``ocr_engine``: RapidOCR (PP-OCRv6 small on onnxruntime) with the models of the installed
  package only — nothing is ever downloaded;
- ``reader``: one page of a stored file → a reading (text layer first, else OCR) + seal;
- ``store``: readings stored per file hash and page, indexed for search;
- ``worker``: the background pool that reads the pages of many cases;
- ``grams`` / ``search``: full-text search for Chinese terms of two characters or more;
- ``classify``: document types of pages and the page ranges of a combined scan;
- ``facts``: 案号, party, officers, dates and amounts taken from the pages, with anchors;
- ``content_checks``: what the documents must say (行政处罚法 Art. 44, 59 …);
- ``scans``: scanner-like rasterisation of generated documents (demo and test corpus).
"""
