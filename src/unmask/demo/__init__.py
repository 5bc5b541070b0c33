"""A seeded demo organisation that remote-hires IT workers, written as an evidence bundle.

Most workers are legitimate; some innocently trip one red flag each (travel, a
privacy VPN, night hours, crypto pay, admin tools, a shy camera); a few are
DPRK IT-worker operatives in rings that share laptop farms, accounts, phones,
photos and résumés, at three levels of care. ``generate_bundle`` writes the
bundle and returns the ground truth; the tests, benchmarks and ``unmask demo``
all build on it.
"""

from unmask.demo.generator import generate_bundle
from unmask.demo.truth import DemoTruth
from unmask.demo.world import GROUPS

__all__ = ["GROUPS", "DemoTruth", "generate_bundle"]
