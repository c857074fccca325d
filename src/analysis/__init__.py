"""Evaluation toolkit for ASN competency development in Kota Binjai."""
__version__ = "0.1.0"
