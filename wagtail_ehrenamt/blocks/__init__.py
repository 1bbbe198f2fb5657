"""StreamField blocks of wagtail_ehrenamt, for the package's pages and any page of a site."""
