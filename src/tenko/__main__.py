from tenko.cli import main

main()
