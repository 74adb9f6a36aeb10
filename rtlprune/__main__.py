from rtlprune.cli import main

raise SystemExit(main())
