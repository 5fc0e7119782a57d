import sys

from countdesk.cli import main

sys.exit(main())
