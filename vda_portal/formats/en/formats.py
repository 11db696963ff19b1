# English pages keep the Vietnamese day-first dates (05/06/2024 is 5 June in both languages);
# only the number separators are English.
from vda_portal.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
