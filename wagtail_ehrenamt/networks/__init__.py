"""Networks, teams, platforms and their documents: the pages' collections."""
