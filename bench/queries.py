"""The GraphQL documents the benchmarks send: the front end's own reads (web/src/pages), so what is
measured is what users wait for."""

from __future__ import annotations

from typing import Final

# My hours: the summary of one requirement with the first page of 20 entries (HoursLedgerCard.vue).
MY_HOURS: Final = """
query MyHoursLedger($requirementId: ID!, $first: Int!, $after: String) {
  viewer {
    person {
      id
      trainingLedger(requirementId: $requirementId) {
        requirement { id code name audience }
        applicable
        notApplicableReason
        startsOn
        endsOn
        requiredHours
        earnedHours
        remainingHours
        met
        byCategory { category hours countedHours }
        entries(first: $first, after: $after) {
          totalCount
          pageInfo { hasNextPage endCursor }
          nodes {
            id hours category source occurredOn reason recordedAt reversesId
            course { id title }
          }
        }
      }
    }
  }
}
"""

# The ledger's entries alone, a later page (paging through the ledger).
LEDGER_PAGE: Final = """
query LedgerPage($requirementId: ID!, $first: Int!, $after: String) {
  viewer {
    person {
      id
      trainingLedger(requirementId: $requirementId) {
        entries(first: $first, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            id hours category source occurredOn reason recordedAt reversesId
            course { id title }
          }
        }
      }
    }
  }
}
"""

# A catalog page with each course's provider and sessions (CatalogPage.vue plus the sessions a
# course card shows).
CATALOG: Final = """
query CatalogCourses($first: Int!, $after: String) {
  courses(first: $first, after: $after, orderBy: NEWEST) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id title serviceField deliveryMode countyCode creditHours capacity remainingSeats status
      startsAt endsAt
      provider { id name }
      sessions { id startsAt endsAt location }
    }
  }
}
"""

# My exam registrations (ExamPage.vue).
MY_EXAM_REGISTRATIONS: Final = """
query ExamPageRegistrations {
  viewer {
    person {
      id
      examRegistrations(first: 50) {
        totalCount
        nodes {
          id status level reviewReason admissionNumber seat feePaid
          sitting { id year examDate registrationClosesOn }
          site { id name }
        }
      }
    }
  }
}
"""

# The prefecture's targets report for the current plan period (the dashboard).
TARGETS: Final = """
query Targets {
  targets {
    asOf populationYear population talentTotal talentTarget talentProgress certifiedTotal certifiedTarget
    certifiedProgress perMille perMilleFloor countiesMeetingFloor
    frontLine frontLineMet trainingComplianceRate townships townshipsCovered filingCoverage
    money { budget committed paid recovered remaining }
    certificatesIssued { year level count }
    counties {
      countyCode county population populationYear talents certified perMille floorTalents meetsFloor
      frontLine frontLineMet trainingComplianceRate organizationsFiled organizationsApproved
      townships townshipsCovered filingCoverage
      money { budget committed paid recovered remaining }
    }
  }
}
"""
