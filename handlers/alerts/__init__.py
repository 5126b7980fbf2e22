"""Alert channels in Discord: the /privy alerts command, the posts, and the sender that makes them."""
