extension ChangeSet {
    /// This change set plus the items of `other` it does not already name (first one wins).
    func merging(_ other: ChangeSet) -> ChangeSet {
        var merged = self
        merged.spans += other.spans.filter { span in !merged.spans.contains { $0.id == span.id } }
        merged.ratings += other.ratings.filter { rating in
            !merged.ratings.contains { $0.spanId == rating.spanId && $0.reviewerId == rating.reviewerId && $0.dimension == rating.dimension }
        }
        merged.spanReviews += other.spanReviews.filter { review in
            !merged.spanReviews.contains { $0.spanId == review.spanId && $0.reviewerId == review.reviewerId }
        }
        merged.documentReviews += other.documentReviews.filter { review in
            !merged.documentReviews.contains { $0.documentId == review.documentId && $0.reviewerId == review.reviewerId }
        }
        merged.adjudications += other.adjudications.filter { adjudication in !merged.adjudications.contains { $0.documentId == adjudication.documentId } }
        merged.adjudicationSources += other.adjudicationSources.filter { source in !merged.adjudicationSources.contains { $0.spanId == source.spanId } }
        return merged
    }
}
