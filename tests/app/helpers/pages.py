"""Reading the app's pages in tests."""
from __future__ import annotations

import re
from html import unescape


def error_page(response) -> tuple[int, str, str]:
    """An error page's status, heading and lead sentence, as a visitor reads them."""
    page = response.get_data(as_text=True)
    heading = re.search(r'<section class="error-page">.*?<h1>(.*?)</h1>', page, re.S)
    lead = re.search(r'<section class="error-page">.*?<p class="lead">(.*?)</p>', page, re.S)
    assert heading and lead, page[:500]
    return response.status_code, unescape(heading.group(1)), unescape(" ".join(lead.group(1).split()))
