"""A queue worker stand-in: reads jobs (one per line) from stdin and prints what it did."""
import sys

VERSION = "0.9.0"


def main():
    if "--version" in sys.argv[1:]:
        print(f"worker {VERSION}")
        return 0
    for line in sys.stdin:
        job = line.strip()
        if job:
            print(f"done: {job}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
