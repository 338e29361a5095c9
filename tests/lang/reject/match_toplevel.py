# expect: 4:1 match statement
import sys

match len(sys.argv):
    case 1:
        print("no args")
