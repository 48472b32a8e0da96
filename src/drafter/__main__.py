"""`python -m drafter` 入口（与命令行脚本 drafter 相同）。"""

from drafter.cli import main

main()
