DROP TABLE product_sales;
DROP TABLE product_pairs;
