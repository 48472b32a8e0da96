"""`python -m drafter` 入口。"""

from drafter.cli import main

main()
