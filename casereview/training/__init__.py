"""Training (培训): the common-error library, curated entries and practice reviews.

Pure logic lives here (aggregation, example choice, practice comparison, page crops);
casereview.services.training does the database work and casereview.exports.training_*
render the handouts.
"""
