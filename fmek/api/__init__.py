"""HTTP concerns shared by all routers: the error body and its mapping."""
