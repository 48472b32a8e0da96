"""`python -m drafter` 入口（与命令行脚本 drafter 相同，见 drafter.entry）。"""

from drafter.entry import main

main()
