# Deliberately empty: family records and requests for support are special-category data about
# children. They are seen only through the staff pages, which check each person's access
# (referrals/access.py) and audit every view. The Django admin would bypass both, so these
# models are not registered there.
