"""Pure logic of review campaigns (评查活动): sampling, cross-review assignment and agreement
statistics. Nothing here touches the database; the service layer
(casereview.services.campaigns) feeds plain values in and stores what comes out."""
