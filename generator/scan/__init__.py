"""Collection sheets: the layout shared by the printed page and the scan reader.

`layout` says where everything sits on a collection sheet (in mm, in the
frame the four corner markers make); `documents/collect.py` prints it;
`pages`, `markers` and `read` find it again on a scanned PDF or a phone photo.
"""
