"""The public side of volunteer engagement: forms, views and enquiry routing."""
