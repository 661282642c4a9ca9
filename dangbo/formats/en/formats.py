# English pages keep the Vietnamese date and number formats: the data is Vietnamese.
from dangbo.formats.vi.formats import *  # noqa: F403
