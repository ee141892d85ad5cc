"""Signals of a village's life that tenant apps extend."""
from django.dispatch import Signal

# Sent inside the new village's schema, in the provisioning transaction, after
# its profile exists (kwargs: village). Receivers add the village's starting data.
village_initialized = Signal()
