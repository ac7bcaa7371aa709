"""The models shipped inside the jpolicy distribution (installed as ``nlp.models``):
see each folder's MODEL_CARD.md."""
